module slowclients

go 1.19
