SELECT id, RemoteWorker FROM answers WHERE Freelancer = 'is'
