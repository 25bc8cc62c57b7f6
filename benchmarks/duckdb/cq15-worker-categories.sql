-- Asked of one record ($worker: its id), as the SPARQL query is with --bind.
UNPIVOT (
  SELECT id, Teleworker, Telecommuter, RemoteWorker, InPersonWorker, HybridWorker, FlexWorker,
         LocationIndependentWorker, VirtualWorker, Employee, Freelancer, Contractor,
         Subcontractor, ProviderStaffMember, Owner, OutsourcedWorker, RemoteStaffMember,
         WorkFromHomeEmployee
  FROM answers WHERE id = $worker
) ON COLUMNS(* EXCLUDE (id)) INTO NAME category VALUE status
