SELECT id FROM answers WHERE Teleworker = 'is' AND Telecommuter = 'is_not'
