"""Job postings: schema.org JobPosting (JSON-LD, or HTML pages that embed it) read as jobs.

A posting becomes an rkg:Job individual with the facts the job-postings module of the
ontology defines (`ontology/jobs/job-postings.ttl`); the job categories (RemoteJob,
OnSiteJob, CountryRestrictedJob, EmployeeJob, ...) are that module's defined subclasses of
rkg:Job, decided three-valued by the same engines as the workers' (`fast`, `hermit`).
"""
