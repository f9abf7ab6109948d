// Policy sources (issue 6): JSON policy files, Terraform plan JSON, CloudFormation templates.
export {};
