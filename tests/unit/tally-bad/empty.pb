# line 1: an empty file: no META section
