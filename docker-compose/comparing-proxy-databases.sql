-- Example 3: every target behind the comparing proxy writes into a database of its own, thrown away with the stack.
CREATE DATABASE compare_primary OWNER compare;
CREATE DATABASE compare_secondary OWNER compare;
CREATE DATABASE compare_candidate OWNER compare;
