@browser
Feature: The QR code was already used or has expired
  The error message may be displayed when the QR code shown in the Client Portal was already used to
  attempt an activation and is expired. In this case, please log out of the Client Portal and log back in
  to obtain a fresh QR code.

  @ios @camera @negative
  @clause.QR-EXPIRY @clause.ERR-EXPIRED @clause.ERR-FRESH-QR @limit.at.15m
  Scenario: An expired QR code, then a fresh one after logging out and in
    Given a Client Portal user
    And I am logged in to the Client Portal, which recommends IB Key
    And an iPhone unlocked with Face ID
    And IBKR Mobile is installed
    And 15 minutes passed
    When I open the "IBKR Mobile" app
    And I tap "Services"
    And I tap "Authenticate"
    And I tap "Add User"
    And I tap "Setup IB Key using QR code"
    And I tap "Launch Camera"
    And I tap "OK"
    And I point the camera at the QR code
    And I provide the security element I unlock my phone with
    Then the activation fails because the QR code has expired
    When I log out of the Client Portal and log back in
    Then a fresh QR code is shown
    When I open the "IBKR Mobile" app
    And I tap "Services"
    And I tap "Authenticate"
    And I tap "Add User"
    And I tap "Setup IB Key using QR code"
    And I tap "Launch Camera"
    And I point the camera at the QR code
    And I provide the security element I unlock my phone with
    Then the "Activation Successful" screen is shown
    And IB Key is activated for my user

  @ios @camera @negative
  @clause.ERR-EXPIRED
  Scenario: Scanning the QR code again after the activation it was used for
    Given a Client Portal user
    And I am logged in to the Client Portal, which recommends IB Key
    And an iPhone unlocked with Face ID
    And IBKR Mobile is installed
    When I open the "IBKR Mobile" app
    And I tap "Services"
    And I tap "Authenticate"
    And I tap "Add User"
    And I tap "Setup IB Key using QR code"
    And I tap "Launch Camera"
    And I tap "OK"
    And I point the camera at the QR code
    And I provide the security element I unlock my phone with
    And I tap "Done"
    And I tap "Add User"
    And I tap "Setup IB Key using QR code"
    And I tap "Launch Camera"
    And I point the camera at the QR code
    And I provide the security element I unlock my phone with
    Then the activation fails because the QR code was already used

  @android @negative
  @clause.QR-EXPIRY @clause.ERR-EXPIRED @limit.at.15m
  Scenario: An expired Session ID on Android
    Given a Client Portal user
    And I am logged in to the Client Portal, which recommends IB Key
    And an Android phone
    And IBKR Mobile is installed
    And 15 minutes passed
    When I open the "IBKR Mobile" app
    And I tap "Services"
    And I tap "Authenticate"
    And I tap "Add User"
    And I type the alphanumeric string below the QR code in the "Session ID" field
    And I create a PIN of 4 digits
    And I tap "ACTIVATE"
    Then the activation fails because the QR code has expired
    And IB Key is not activated for my user

  @android
  @clause.QR-EXPIRY @limit.below.15m
  Scenario: A Session ID typed one second before it expires still activates
    Given a Client Portal user
    And I am logged in to the Client Portal, which recommends IB Key
    And an Android phone
    And IBKR Mobile is installed
    And 14 minutes and 59 seconds passed
    When I open the "IBKR Mobile" app
    And I tap "Services"
    And I tap "Authenticate"
    And I tap "Add User"
    And I type the alphanumeric string below the QR code in the "Session ID" field
    And I create a PIN of 4 digits
    And I tap "ACTIVATE"
    Then the "Activation Successful" screen is shown
    And IB Key is activated for my user
