# Dot-sourced before every runnable example of docs/*.md, in the runspace that runs it, with the module imported and
# the current location set to a copy of docs/. Examples that need a cluster will find what they use here (e.g. $lab).
# Nothing is needed yet: the documented cmdlets work offline.
