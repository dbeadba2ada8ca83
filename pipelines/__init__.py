"""The top of the pipeline: the one Definitions, jobs, schedules, sensors and command-line entry points."""
