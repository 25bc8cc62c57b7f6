SELECT id, label FROM answers WHERE Teleworker = 'is' AND EUTeleworker = 'is_not'
