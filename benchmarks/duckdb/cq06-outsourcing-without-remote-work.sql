SELECT count(*) > 0 AS answer FROM answers WHERE OutsourcedWorker = 'is' AND RemoteWorker = 'is_not'
