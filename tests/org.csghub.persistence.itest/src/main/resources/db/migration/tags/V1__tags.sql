CREATE TABLE itest_tag (
    name VARCHAR(64) PRIMARY KEY
);
