@ios @browser @camera @negative
Feature: The error screen when the user is already enrolled
  This error message may indicate you are attempting to activate IB Key for a user which was already
  enrolled. Please try to log that user in to the Client Portal again. If you receive a notification on
  your smartphone and you are able to complete the authentication once you tap on that notification, then
  the user was already enrolled and you no longer need to follow the steps on this article.

  The user's IB Key was suspended by a temporary passcode, so the portal recommends IB Key with a QR code;
  the user reactivates the IB Key in Settings › Security before the scan completes, and the QR code then
  asks to enrol a user who is already enrolled.

  @clause.ERR-ENROLLED @clause.ERR-ENROLLED-CHECK
  Scenario: Scanning the portal's QR code for a user whose IB Key is active again, then the check by logging in
    Given a Client Portal user
    And an iPhone unlocked with Face ID
    And IB Key is activated on the phone for my user
    And Client Services issued a temporary passcode
    When I log in with the temporary passcode
    And I open the "IBKR Mobile" app
    And I tap "Services"
    And I tap "Authenticate"
    And I tap "Add User"
    And I tap "Setup IB Key using QR code"
    And I tap "Launch Camera"
    And I tap "OK"
    And I point the camera at the QR code
    And I reactivate my security device in Settings › Security
    And I provide the security element I unlock my phone with
    Then the activation fails because the user is already enrolled
    When I log out of the Client Portal and log back in
    Then a notification is sent to my phone
    When I swipe down and tap the IBKR Mobile notification
    And I provide the security element I unlock my phone with
    Then the login moves on to the next step by itself
