@ios @browser @camera
Feature: Activate IB Key with the iPhone Camera app from the Client Portal banner
  Log into Client Portal: a banner recommends IB Key with a QR code. Launch the "Camera" app and point it
  at the QR code. Tap the banner asking you to open the IBKR web site: you are redirected to the App Store.
  Tap GET. Once the installation is complete, do not launch the IBKR Mobile app: open your camera and
  again focus on the QR code. Tap the banner asking you to open the IBKR Mobile app, tap Allow for
  notifications, provide the security element, and tap Done.

  @clause.CAM-1 @clause.CAM-2 @clause.QR-POINT @clause.CAM-4 @clause.CAM-5 @clause.CAM-6 @clause.CAM-7 @clause.CAM-8
  @clause.CAM-9 @clause.CAM-QR-LINK @clause.ACT-SECURITY-ELEMENT @clause.ACT-DONE
  Scenario: The App Store detour, then the Camera app again
    Given a Client Portal user
    And I am logged in to the Client Portal, which recommends IB Key
    And an iPhone unlocked with Face ID
    When I open the "Camera" app
    And I point the camera at the QR code
    Then a banner "Open in Safari — ibkr.com" appears at the top of the screen
    When I tap "Open in Safari — ibkr.com"
    Then the "IBKR Mobile" screen is shown
    When I tap "GET"
    And I provide the security element I unlock my phone with
    And I open the "Camera" app
    And I point the camera at the QR code
    Then a banner "Open in IBKR Mobile" appears at the top of the screen
    When I tap "Open in IBKR Mobile"
    Then the "Notification Permission" screen is shown
    When I tap "Allow"
    Then I am asked for Face ID
    When I provide the security element I unlock my phone with
    Then the "Activation Successful" screen is shown
    When I tap "Done"
    Then IB Key is activated for my user
