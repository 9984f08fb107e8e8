@ios @browser
Feature: Activate IB Key on iOS by typing the Activation Code
  Tap Setup IB Key using QR code. Type the alphanumeric string present below the QR code in the
  Activation Code field. Tap Activate IB Key. You will receive a message confirming the successful
  activation of IBKR Mobile Authentication (IB Key).

  @clause.IOS-TYPED
  Scenario: The string below the QR code typed in the Activation Code field
    Given a Client Portal user
    And I am logged in to the Client Portal, which recommends IB Key
    And an iPhone unlocked with a passcode
    And IBKR Mobile is installed
    When I open the "IBKR Mobile" app
    And I tap "Services"
    And I tap "Authenticate"
    And I tap "Add User"
    And I tap "Setup IB Key using QR code"
    And I type the alphanumeric string below the QR code in the "Activation Code" field
    And I tap "Activate IB Key"
    Then I am asked for Passcode
    When I provide the security element I unlock my phone with
    Then the "Activation Successful" screen is shown
    And IB Key is activated for my user
