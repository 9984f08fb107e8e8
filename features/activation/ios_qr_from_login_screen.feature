@ios @browser @camera
Feature: Activate IB Key on iOS with the in-app QR scanner, starting from the login screen (1.a)
  On your iOS device, open the IBKR Mobile app. If the app opens with the login screen, tap on Services
  on the top-left corner and proceed with step 2.

  Background:
    Given a Client Portal user
    And I am logged in to the Client Portal, which recommends IB Key
    And an iPhone unlocked with Face ID
    And IBKR Mobile is installed

  @clause.IOS-QR-1 @clause.IOS-QR-1A @clause.IOS-QR-2 @clause.IOS-SETUP @clause.IOS-QR-4 @clause.IOS-QR-5
  @clause.QR-POINT @clause.ACT-SECURITY-ELEMENT @clause.ACT-DONE
  Scenario: Services, Authenticate, Add User, then the QR code
    When I open the "IBKR Mobile" app
    Then the "Login" screen is shown
    When I tap "Services"
    And I tap "Authenticate"
    And I tap "Add User"
    And I tap "Setup IB Key using QR code"
    And I tap "Launch Camera"
    Then the "Camera Permission" screen is shown
    When I tap "OK"
    And I point the camera at the QR code
    Then I am asked for Face ID
    When I provide the security element I unlock my phone with
    Then the "Activation Successful" screen is shown
    When I tap "Done"
    Then IB Key is activated for my user
