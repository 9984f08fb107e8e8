@android
Feature: Install IBKR Mobile on Android from Google Play, 360 Mobile Assistant or Baidu Mobile Assistant
  Tap on the search bar at the top, type IBKR Mobile then tap the magnifying glass to search. Locate and
  select the app IBKR Mobile from Interactive Brokers Group, then tap on Install to the right. Once the
  installation completes, tap on Open to launch the IBKR Mobile app.

  @clause.AND-INST-STORES @clause.AND-INST-1 @clause.AND-INST-2 @clause.AND-INST-3 @clause.INST-PUBLISHER-ANDROID
  @clause.AND-INST-4
  Scenario Outline: Install from <store>
    Given an Android phone
    When I open the "<store>" app
    And I tap "Search Bar"
    And I type "IBKR Mobile" in the "Search Bar" field
    And I tap "Magnifying Glass"
    And I tap "IBKR Mobile (Interactive Brokers Group)"
    And I tap "Install"
    And I tap "Open"
    Then IBKR Mobile from "Interactive Brokers Group" is installed and open

    Examples:
      | store                  |
      | Play Store             |
      | 360 Mobile Assistant   |
      | Baidu Mobile Assistant |
