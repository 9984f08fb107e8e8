@ios @browser @camera
Feature: Activate IB Key on iOS with the in-app QR scanner, starting from the Home page (1.b)
  If the app opens with your Home Page, Portfolio, Watchlists, or similar, tap on More on the bottom-right
  corner. Then tap on Two-Factor Authentication, followed by Add User and proceed with step 3.

  @clause.IOS-QR-1 @clause.IOS-QR-1B @clause.IOS-SETUP @clause.IOS-QR-4 @clause.IOS-QR-5 @clause.QR-POINT
  @clause.ACT-SECURITY-ELEMENT
  Scenario: More, Two-Factor Authentication, Add User, then the QR code
    Given a Client Portal user
    And I am logged in to the Client Portal, which recommends IB Key
    And an iPhone unlocked with Touch ID
    And IBKR Mobile is installed
    When I open the "IBKR Mobile" app
    And I log in to IBKR Mobile
    Then the "Home" screen is shown
    When I tap "More"
    And I tap "Two-Factor Authentication"
    And I tap "Add User"
    And I tap "Setup IB Key using QR code"
    And I tap "Launch Camera"
    And I tap "OK"
    And I point the camera at the QR code
    Then I am asked for Touch ID
    When I provide the security element I unlock my phone with
    Then the "Activation Successful" screen is shown
    And IB Key is activated for my user
