SELECT id FROM answers WHERE Teleworker = 'is' AND InPersonWorker = 'is_not'
