@android @browser @camera
Feature: Activate IB Key on Android with QR CODE and a PIN
  Tap QR CODE. Tap Allow if asked for permission to use the phone camera. Point the lens of your
  smartphone camera towards the QR code. Create a PIN of your preference then tap ACTIVATE.

  @clause.AND-STEPS-5-6 @clause.AND-QR-7 @clause.AND-QR-8 @clause.QR-POINT @clause.AND-PIN-CREATE
  Scenario: QR CODE, Allow, scan, then the PIN
    Given a Client Portal user
    And I am logged in to the Client Portal, which recommends IB Key
    And an Android phone
    And IBKR Mobile is installed
    When I open the "IBKR Mobile" app
    And I tap "Services"
    And I tap "Authenticate"
    And I tap "Add User"
    And I tap "QR CODE"
    Then the "Camera Permission" screen is shown
    When I tap "Allow"
    And I point the camera at the QR code
    And I create a PIN of 4 digits
    And I tap "ACTIVATE"
    Then the "Activation Successful" screen is shown
    And IB Key is activated for my user
