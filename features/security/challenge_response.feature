@android @browser
Feature: A challenge is fresh for every login, a response answers only its own challenge, and the PIN gates it
  The seed shows one challenge/response login; it does not say how challenges are drawn, what an old response is
  worth or what a wrong PIN gives. docs/protocol.md (sections 2 and 3) states the rules (catalogue
  CR-CHALLENGE-FRESH, CR-CHALLENGE-BOUND, CR-CHALLENGE-SINGLE-USE, CR-PIN-GATES-RESPONSE, all inferred).

  Background:
    Given a Client Portal user
    And an Android phone
    And IB Key is activated on the phone for my user
    And notifications are turned off for IBKR Mobile

  @clause.CR-CHALLENGE-FRESH
  Scenario: Two logins at the same instant get different challenge codes
    When I log in with the right credentials
    And I click the link for when the notification does not arrive
    And I note the challenge code
    And I log in again with the right credentials after clearing the browser's cookies
    And I click the link for when the notification does not arrive
    Then the challenge code differs from the one I noted

  @clause.CR-CHALLENGE-BOUND
  Scenario: A response made for an earlier login's challenge does not log in to a later login
    When I log in with the right credentials
    And I click the link for when the notification does not arrive
    And I make the response string to that challenge on my phone
    And I log in again with the right credentials after clearing the browser's cookies
    And I click the link for when the notification does not arrive
    And I enter the response string in the login screen
    Then I am not logged in to the Client Portal

  @clause.CR-CHALLENGE-SINGLE-USE
  Scenario: A wrong response ends the login and its challenge
    When I log in with the right credentials
    And I click the link for when the notification does not arrive
    And I enter a wrong response string in the login screen
    Then the login has ended and its challenge with it

  @clause.CR-PIN-GATES-RESPONSE
  Scenario: A wrong PIN gives no response string
    When I log in with the right credentials
    And I click the link for when the notification does not arrive
    And I open the "IBKR Mobile" app
    And I tap "Services"
    And I tap "Authenticate"
    And I type a wrong PIN in the "PIN" field
    And I enter the challenge code in the challenge field
    And I tap "Generate Response"
    Then no response string is shown
