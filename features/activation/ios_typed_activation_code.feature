@ios @browser
Feature: Install IBKR Mobile from the App Store and activate IB Key by typing the Activation Code
  Once the installation has completed, tap OPEN to launch the IBKR Mobile app. Tap Setup IB Key using QR
  code. Type the alphanumeric string present below the QR code in the Activation Code field. Tap Activate
  IB Key. You will receive a message confirming the successful activation of IBKR Mobile Authentication
  (IB Key). Tap DONE to complete the procedure.

  @clause.IOS-INST-SOURCE @clause.IOS-INST-1 @clause.IOS-INST-2 @clause.IOS-INST-3 @clause.IOS-INST-4
  @clause.INST-PUBLISHER-IOS @clause.IOS-INST-5 @clause.IOS-SETUP @clause.IOS-TYPED-7 @clause.IOS-TYPED-8
  @clause.IOS-TYPED-SECURITY @clause.ACT-DONE
  Scenario: From the App Store's OPEN to the typed Activation Code
    Given a Client Portal user
    And I am logged in to the Client Portal, which recommends IB Key
    And an iPhone unlocked with Touch ID
    When I open the "App Store" app
    And I tap "Search"
    And I tap "Search Bar"
    And I type "IBKR Mobile" in the "Search Bar" field
    And I tap "IBKR Mobile (Interactive Brokers LLC)"
    And I tap "GET"
    And I provide the security element I unlock my phone with
    And I tap "OPEN"
    And I tap "Allow"
    And I tap "Setup IB Key using QR code"
    And I type the alphanumeric string below the QR code in the "Activation Code" field
    And I tap "Activate IB Key"
    Then I am asked for Touch ID
    When I provide the security element I unlock my phone with
    Then the "Activation Successful" screen is shown
    When I tap "Done"
    Then IB Key is activated for my user

  @clause.IOS-QR-1 @clause.IOS-QR-1A @clause.IOS-QR-2 @clause.IOS-SETUP @clause.IOS-TYPED-7 @clause.IOS-TYPED-8
  @clause.IOS-TYPED-SECURITY
  Scenario: An iPhone unlocked with its passcode, from the Services menu
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
