@browser @camera @negative
Feature: The phone does not recognize the QR code
  Make sure you have activated the switch "Scan QR codes" from the Camera Settings of your smartphone.
  Usually there is a specific button in the camera view to switch from front to rear lenses.
  If your phone does not seem to recognize the QR code try to move your phone closer or farther away.

  Background:
    Given a Client Portal user
    And I am logged in to the Client Portal, which recommends IB Key

  @ios
  @clause.QR-SCAN-SETTING @clause.CAM-4
  Scenario: "Scan QR codes" is off in the Camera settings
    Given an iPhone unlocked with Face ID
    And IBKR Mobile is installed
    And "Scan QR Codes" is off in the Camera settings
    When I open the "Camera" app
    And I point the camera at the QR code
    Then the camera recognizes no QR code
    When I turn on "Scan QR Codes" in the Camera settings
    And I open the "Camera" app
    And I point the camera at the QR code
    Then a banner "Open in IBKR Mobile" appears at the top of the screen

  @ios
  @clause.QR-LENS @clause.CAM-4
  Scenario: The front lens is selected
    Given an iPhone unlocked with Face ID
    And IBKR Mobile is installed
    When I open the "Camera" app
    And I tap "Switch Camera"
    And I point the camera at the QR code
    Then the camera recognizes no QR code
    When I tap "Switch Camera"
    And I point the camera at the QR code
    Then a banner "Open in IBKR Mobile" appears at the top of the screen

  @ios
  @clause.QR-POINT @clause.QR-DISTANCE
  Scenario: Too far away, then closer
    Given an iPhone unlocked with Face ID
    And IBKR Mobile is installed
    When I open the "IBKR Mobile" app
    And I tap "Services"
    And I tap "Authenticate"
    And I tap "Add User"
    And I tap "Setup IB Key using QR code"
    And I tap "Launch Camera"
    And I tap "OK"
    And I point the camera at the QR code from 150 cm
    Then the camera recognizes no QR code
    When I point the camera at the QR code from 30 cm
    Then I am asked for Face ID

  @ios
  @clause.QR-POINT @clause.QR-DISTANCE
  Scenario: Too close, then farther
    Given an iPhone unlocked with Face ID
    And IBKR Mobile is installed
    When I open the "IBKR Mobile" app
    And I tap "Services"
    And I tap "Authenticate"
    And I tap "Add User"
    And I tap "Setup IB Key using QR code"
    And I tap "Launch Camera"
    And I tap "OK"
    And I point the camera at the QR code from 3 cm
    Then the camera recognizes no QR code
    When I point the camera at the QR code from 25 cm
    Then I am asked for Face ID

  @android
  @clause.QR-POINT @clause.QR-DISTANCE
  Scenario: Android QR CODE scanner too far away, then closer
    Given an Android phone
    And IBKR Mobile is installed
    When I open the "IBKR Mobile" app
    And I tap "Services"
    And I tap "Authenticate"
    And I tap "Add User"
    And I tap "QR CODE"
    And I tap "Allow"
    And I point the camera at the QR code from 150 cm
    Then the camera recognizes no QR code
    When I point the camera at the QR code from 30 cm
    Then the "Activate IB Key" screen is shown
