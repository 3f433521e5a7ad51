module subprocessbench

go 1.19
