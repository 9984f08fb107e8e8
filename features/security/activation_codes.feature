@browser
Feature: Every activation code is new and unpredictable
  The seed says only that an alphanumeric string is shown under the QR code. docs/protocol.md (section 2) states
  the rule: codes are drawn at random, so two users shown the banner at the same instant get different codes
  (catalogue ACT-CODE-FRESH, inferred). That a code is single use and replaced at the next login is checked by
  the troubleshooting features (ERR-EXPIRED, ERR-FRESH-QR).

  @clause.ACT-CODE-FRESH
  Scenario: Two users shown the activation banner at the same instant get different codes
    Given a Client Portal user
    And another Client Portal user
    And I am logged in to the Client Portal, which recommends IB Key
    When the other user logs in after clearing the browser's cookies
    Then the other user is shown an activation code different from mine
