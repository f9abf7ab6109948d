Feature: The access matrix through the hub endpoint
  One table answers "who may reach which spoke API": every cell is a signed request through the
  endpoint, checked against the expectation and against what the policies predict.

  Scenario: Who may read the root of each spoke API
    Then the access matrix for GET / through "hub" is:
      | role          | orders | payments | inventory |
      | CheckoutRole  | allow  | deny     | allow     |
      | ReportingRole | allow  | deny     | allow     |
      | AuditRole     | allow  | deny     | allow     |
      | PaymentsRole  | allow  | allow    | deny      |
      | InventoryRole | deny   | deny     | allow     |
      | BatchRole     | deny   | deny     | deny      |
      | PartnerRole   | deny   | deny     | deny      |
      | anonymous     | deny   | deny     | deny      |
