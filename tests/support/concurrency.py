"""Real threads against the real database, released together, for races the database must win."""

import threading

from django.db import connection


def at_once(function, arguments):
    """Call `function(argument)` for each argument, each in a thread of its own, all
    released at the same moment; return the results in no particular order.

    Each thread has its own database connection and closes it when done.
    """
    start = threading.Barrier(len(arguments))
    results = []

    def run(argument):
        try:
            start.wait()
            results.append(function(argument))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
