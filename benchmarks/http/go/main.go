// The Go net/http peer of the HTTP benchmark: "Hello, World!" as text/plain.
package main

import (
	"net/http"
	"os"
)

func main() {
	port := "8082"
	if len(os.Args) > 1 {
		port = os.Args[1]
	}
	body := []byte("Hello, World!")
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write(body)
	})
	http.ListenAndServe("127.0.0.1:"+port, nil)
}
