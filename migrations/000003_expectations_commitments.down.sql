DROP TABLE commitment_expectations;
DROP TABLE commitments;
DROP TABLE expectation_provinces;
DROP TABLE expectation_axes;
DROP TABLE expectations;
