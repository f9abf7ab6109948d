@live
Feature: The hub endpoint lets only the platform's services through
  An example for live use: see spokegate.config.yaml beside this file.

  Background:
    Given the endpoint policy of "hub" is read from EC2

  Scenario: Only the named services pass the endpoint
    Then the endpoint policy lets through only:
      | OrdersService |
      | ReportingJob  |
    And no principal outside the organization can pass the endpoint
    And the endpoint policy has no findings at or above "error"

  Scenario: Who may read billing and the ledger
    Then the access matrix for GET / through "hub" is:
      | role          | billing | ledger |
      | OrdersService | allow   | allow  |
      | ReportingJob  | allow   | allow  |
      | Contractor    | deny    | deny   |
      | anonymous     | deny    | deny   |
