# Sourced by run.sh and idle-rss.sh: a test CA and a localhost certificate it signed, in $work.
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=Bench CA" -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$work/san.ext"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 30 -extfile "$work/san.ext" -out "$work/server.pem" 2>/dev/null
