Feature: The spoke APIs' own policies
  Passing the endpoint is not enough: each spoke's resource policy, and for callers from another
  account their own identity policy, must allow the call too.

  Scenario: Checkout may charge payments but not read them
    When "CheckoutRole" calls POST /payments on "payments"
    Then the call is allowed
    When "CheckoutRole" calls GET /payments on "payments"
    Then the call is denied by the resource policy

  Scenario: The orders API explicitly denies the audit role any writes
    When "AuditRole" calls GET /orders on "orders"
    Then the call is allowed
    When "AuditRole" calls POST /orders on "orders"
    Then the call is denied by the resource policy

  Scenario: The payments API explicitly denies the audit role
    When "AuditRole" calls GET /payments on "payments"
    Then the call is denied by the resource policy

  Scenario: A cross-account caller whose own identity policy does not allow the API
    When "InventoryRole" calls GET /orders on "orders"
    Then the call is denied by the identity policy

  Scenario: A read-only role may read but not write across accounts
    When "ReportingRole" calls GET /orders on "orders"
    Then the call is allowed
    When "ReportingRole" calls POST /orders on "orders"
    Then the call is denied by the identity policy

  Scenario: Payments delegates to the identity policies of its own account
    When "PaymentsRole" calls GET /payments on "payments"
    Then the call is allowed

  Scenario: An API whose resource policy admits only its own endpoint refuses calls through the hub
    # legacy is not associated with the hub endpoint; association is no access gate, its
    # aws:SourceVpce guard is.
    When "CheckoutRole" calls GET /status on "legacy"
    Then the call is denied by the resource policy
    And the response status is 403
