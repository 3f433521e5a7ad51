// The Go net/http peer of the HTTPS benchmark: "Hello, World!" as text/plain over TLS (crypto/tls, Go's defaults).
// Usage: go-https PORT CERT.pem KEY.pem
package main

import (
	"net/http"
	"os"
)

func main() {
	body := []byte("Hello, World!")
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write(body)
	})
	if err := http.ListenAndServeTLS("127.0.0.1:"+os.Args[1], os.Args[2], os.Args[3], nil); err != nil {
		panic(err)
	}
}
