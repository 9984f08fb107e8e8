@ios @browser @camera @negative
Feature: The error screen when the user is already enrolled
  This error message may indicate you are attempting to activate IB Key for a user which was already
  enrolled. Please try to log that user in to the Client Portal again. If you receive a notification on
  your smartphone and you are able to complete the authentication once you tap on that notification, then
  the user was already enrolled and you no longer need to follow the steps on this article.

  @clause.ERR-ENROLLED @clause.ERR-EXPIRED @clause.ERR-ENROLLED-CHECK
  Scenario: Scanning the QR code again after the activation, then the check by logging in
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
    When I log out of the Client Portal and log back in
    Then a notification is sent to my phone
    When I swipe down and tap the IBKR Mobile notification
    And I provide the security element I unlock my phone with
    Then the login moves on to the next step by itself
