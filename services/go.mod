module github.com/secure-aca/secure-aca/services

go 1.26
