@android @browser
Feature: The PIN created at activation on Android
  The PIN must be at least 4 and up to 6 characters (letters, numbers and special characters allowed).

  Background:
    Given a Client Portal user
    And I am logged in to the Client Portal, which recommends IB Key
    And an Android phone
    And IBKR Mobile is installed
    When I open the "IBKR Mobile" app
    And I tap "Services"
    And I tap "Authenticate"
    And I tap "Add User"
    And I type the alphanumeric string below the QR code in the "Session ID" field

  @clause.AND-PIN-CREATE @clause.AND-PIN-RULE
  Scenario Outline: A PIN of <length> <characters> is accepted
    When I create a PIN of <length> <characters>
    And I tap "ACTIVATE"
    Then the "Activation Successful" screen is shown

    @limit.at.4
    Examples: the shortest PIN
      | length | characters                             |
      | 4      | digits                                 |
      | 4      | letters and special characters         |

    @limit.at.6
    Examples: the longest PIN
      | length | characters                             |
      | 6      | letters, digits and special characters |

  @negative
  @clause.AND-PIN-RULE
  Scenario Outline: A PIN of <length> <characters> is refused
    When I create a PIN of <length> <characters>
    And I tap "ACTIVATE"
    Then the PIN is refused with the rule "at least 4 and up to 6 characters"
    And IB Key is not activated for my user

    @limit.below.4
    Examples: one character too short
      | length | characters |
      | 3      | digits     |

    @limit.above.6
    Examples: one character too long
      | length | characters         |
      | 7      | letters and digits |

  @negative
  @clause.AND-PIN-CHARSET
  Scenario Outline: A PIN with <characters> is refused
    When I create a PIN of <length> <characters>
    And I tap "ACTIVATE"
    Then the PIN is refused with the rule "at least 4 and up to 6 characters"
    And IB Key is not activated for my user

    Examples:
      | length | characters                  |
      | 5      | letters and spaces          |
      | 5      | digits and accented letters |
