module httpspeer

go 1.19
