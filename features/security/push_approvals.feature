@android @browser
Feature: A push approval logs in once, and only when the enrolled phone signed it
  The seed says the login moves on once IB Key has authenticated; it does not say what an attacker on the network
  may do with what the phone sends. docs/protocol.md (sections 4 and 5) states the rules: an approval is bound to
  one login and must be signed by the key the device registered at activation (catalogue PUSH-APPROVAL-SINGLE-USE,
  PUSH-APPROVAL-DEVICE-KEY, both inferred).

  Background:
    Given a Client Portal user
    And an Android phone
    And IB Key is activated on the phone for my user

  @clause.PUSH-APPROVAL-SINGLE-USE
  Scenario: An approval recorded on the wire and sent again for the next login is refused
    Given what my phone sends to the server is recorded
    When I log in with the right credentials
    And I swipe down and tap the IBKR Mobile notification
    And I type my PIN in the "PIN" field
    And I tap "OK"
    And I log out of the Client Portal and log back in
    And the recorded approval is sent again for the new login
    Then the replayed approval is refused and the login still waits for IB Key

  @clause.PUSH-APPROVAL-DEVICE-KEY
  Scenario: An approval of the right login signed with another key is refused
    When I log in with the right credentials
    And an approval of this login signed with another key is sent
    Then the forged approval is refused and the login still waits for IB Key

  @clause.PUSH-APPROVAL-DEVICE-KEY
  Scenario: An approval of my login signed by another user's enrolled phone is refused
    Given another Client Portal user has IB Key activated on another Android phone
    When I log in with the right credentials
    And the other user's phone signs and sends an approval of this login as its own
    Then the borrowed approval is refused and the login still waits for IB Key
