Feature: What the endpoint policy itself says
  These checks read the endpoint policy and answer from it alone, with the same engine that
  predicts every call. They hold for the probes in the config (GET / on every API).

  Background:
    Given the endpoint policy of "hub" is read from EC2

  Scenario: Only the named roles pass the endpoint
    Then the endpoint policy lets through only:
      | CheckoutRole  |
      | ReportingRole |
      | AuditRole     |
      | PaymentsRole  |
      | InventoryRole |

  Scenario: Nobody outside the organization passes the endpoint
    Then no principal outside the organization can pass the endpoint

  Scenario: The endpoint policy has no errors
    Then the endpoint policy has no findings at or above "error"
