Feature: What the endpoint policy itself says
  These checks read the endpoint policy and answer from it with the same engine that predicts every
  call, proven over every principal and every route the APIs serve. The hub opens GET /health on
  every spoke to everyone (endpoint.feature checks that an anonymous health check passes), so "the
  endpoint policy lets through only: …" and "no principal outside the organization can pass the
  endpoint" do not hold for it: `spokegate who-can` names that class. Until 2026-12-02 those two
  steps asked the probes (GET /) alone, and this feature claimed both.

  Background:
    Given the endpoint policy of "hub" is read from EC2

  Scenario: Nobody outside the organization reaches the legacy API through the hub
    Then no principal outside the organization can reach "legacy" through "hub"

  Scenario: The endpoint policy has no errors
    Then the endpoint policy has no findings at or above "error"
