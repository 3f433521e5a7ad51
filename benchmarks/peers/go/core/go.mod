module greenlet-bench/peers/go/core

go 1.19
