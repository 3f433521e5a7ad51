module greenlet-bench/echo

go 1.19
