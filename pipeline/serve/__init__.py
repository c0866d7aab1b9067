"""Serve: a warm command runner for editors (``tei-pipeline serve``).

``protocol`` is what both sides say, ``client`` the half the console script
runs, ``server`` the loop that answers, ``children`` the processes it forks.
The command line hands the server the function to run; nothing here imports
the command line.
"""
