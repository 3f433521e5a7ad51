module httpclientbench

go 1.19
