@negative
Feature: Look-alike apps from other publishers are not IBKR Mobile
  The seed names the publisher to select: Interactive Brokers LLC in the App Store, Interactive Brokers
  Group on Android. An app of the same name from another publisher gives no IB Key.

  @ios
  @clause.INST-PUBLISHER-IOS
  Scenario: An "IBKR Mobile" from another publisher in the App Store
    Given an iPhone unlocked with Face ID
    When I open the "App Store" app
    And I tap "Search"
    And I tap "Search Bar"
    And I type "IBKR Mobile" in the "Search Bar" field
    And I tap "IBKR Mobile (Mobile Trading Apps Ltd)"
    And I tap "GET"
    And I provide the security element I unlock my phone with
    And I tap "OPEN"
    Then the app that opened offers no IB Key

  @android
  @clause.INST-PUBLISHER-ANDROID
  Scenario: An "IBKR Mobile" from another publisher in Google Play
    Given an Android phone
    When I open the "Play Store" app
    And I tap "Search Bar"
    And I type "IBKR Mobile" in the "Search Bar" field
    And I tap "Magnifying Glass"
    And I tap "IBKR Mobile (Trading Tools Group)"
    And I tap "Install"
    And I tap "Open"
    Then the app that opened offers no IB Key
