Feature: Only the named roles pass the hub endpoint
  The hub's execute-api endpoint policy names the roles that may reach the spoke APIs.
  Everyone else is stopped at the endpoint, before any spoke policy is looked at.

  Background:
    Given the endpoint policy of "hub" is read from EC2

  Scenario: Checkout reaches its orders API
    When "CheckoutRole" calls GET /orders on "orders"
    Then the call is allowed

  Scenario: A role the endpoint policy does not name is stopped at the endpoint
    When "BatchRole" calls GET /orders on "orders" through "hub"
    Then the call is denied by the endpoint policy
    And the response status is 403

  Scenario: A role outside the organization is stopped at the endpoint
    When "PartnerRole" calls GET /items on "inventory"
    Then the call is denied by the endpoint policy

  Scenario: An anonymous caller is stopped at the endpoint
    When an anonymous caller calls GET /orders on "orders"
    Then the call is denied by the endpoint policy

  Scenario: A named role that sends its request unsigned is anonymous to the endpoint
    When "CheckoutRole" calls GET /orders on "orders" unsigned
    Then the call is denied by the endpoint policy

  Scenario: A tampered signature is rejected
    When "CheckoutRole" calls GET /orders on "orders" with a tampered signature
    Then the call is denied
    And the response status is 403

  Scenario Outline: Every spoke's health check is open to everyone through the hub
    When an anonymous caller calls GET /health on "<api>"
    Then the call is allowed

    Examples:
      | api       |
      | orders    |
      | payments  |
      | inventory |
