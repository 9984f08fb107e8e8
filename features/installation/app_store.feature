@ios
Feature: Install IBKR Mobile on an iPhone from the App Store
  On your iPhone tap the App Store icon. Tap the Search icon (magnifying glass) in the lower right corner.
  Tap in the search bar at the top, type IBKR Mobile. Select the IBKR Mobile from Interactive Brokers LLC
  and tap on the download icon GET (if prompted, enter your Apple ID password or provide your FaceID /
  Fingerprint). Once the installation has completed, tap OPEN to launch the IBKR Mobile app.

  @clause.IOS-INST-SOURCE @clause.IOS-INST-1 @clause.IOS-INST-2 @clause.IOS-INST-3 @clause.IOS-INST-4
  @clause.INST-PUBLISHER-IOS @clause.IOS-INST-5
  Scenario: Search, GET with Face ID, OPEN
    Given an iPhone unlocked with Face ID
    When I open the "App Store" app
    And I tap "Search"
    And I tap "Search Bar"
    And I type "IBKR Mobile" in the "Search Bar" field
    And I tap "IBKR Mobile (Interactive Brokers LLC)"
    And I tap "GET"
    And I provide the security element I unlock my phone with
    And I tap "OPEN"
    Then IBKR Mobile from "Interactive Brokers LLC" is installed and open
