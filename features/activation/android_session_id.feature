@android @browser
Feature: Activate IB Key on Android with the Session ID and a PIN
  Type the alphanumeric string present below the QR code in the Session ID field. Create a PIN of your
  preference then tap ACTIVATE. Tap DONE to complete the procedure.

  @clause.AND-STEPS-5-6 @clause.AND-SID-7 @clause.AND-PIN-CREATE @clause.ACT-DONE
  Scenario: The string below the QR code typed in the Session ID field
    Given a Client Portal user
    And I am logged in to the Client Portal, which recommends IB Key
    And an Android phone
    And IBKR Mobile is installed
    When I open the "IBKR Mobile" app
    And I tap "Services"
    And I tap "Authenticate"
    And I tap "Add User"
    And I type the alphanumeric string below the QR code in the "Session ID" field
    And I create a PIN of 4 letters, digits and special characters
    And I tap "ACTIVATE"
    Then the "Activation Successful" screen is shown
    When I tap "DONE"
    Then IB Key is activated for my user

  @clause.ACT-CODE-FORMAT @clause.ACT-CODE-TYPING
  Scenario: The string below the QR code typed in lowercase, without its hyphens
    Given a Client Portal user
    And I am logged in to the Client Portal, which recommends IB Key
    Then the string below the QR code is 12 letters and digits in groups of four
    Given an Android phone
    And IBKR Mobile is installed
    When I open the "IBKR Mobile" app
    And I tap "Services"
    And I tap "Authenticate"
    And I tap "Add User"
    And I type the alphanumeric string below the QR code in lowercase without hyphens in the "Session ID" field
    And I create a PIN of 4 digits
    And I tap "ACTIVATE"
    Then the "Activation Successful" screen is shown
    And IB Key is activated for my user
