"""Accounts people can recover (issue 16): change and reset a password, one-time passwords set by
the operator and changed at the next login, and accounts for a unit's pegawai in one step."""
