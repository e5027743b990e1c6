package sandbox

import (
	"bytes"
	"net/http"
	"strconv"
)

// serveApplied serves a request for real (a PATCH is applied), then
// answers as the Apply fault f says: the server applied the write whatever
// the client hears.
func (s *Server) serveApplied(w http.ResponseWriter, r *http.Request, f Fault, serve func(http.ResponseWriter)) {
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	serve(rec)
	for k, vs := range f.Header {
		for _, v := range vs {
			rec.header.Add(k, v)
		}
	}
	if !sleep(r.Context(), f.Delay) {
		return // the client gave up; the write stays applied
	}
	switch {
	case f.Hang:
		<-r.Context().Done()
		return
	case f.Drop:
		drop(w)
		return
	}
	for k, vs := range rec.header {
		w.Header()[k] = vs
	}
	switch {
	case f.Status >= 200 && f.Status < 300 && f.Body == "":
		w.Header().Del("Content-Type")
		w.Header().Del("Content-Length")
		w.WriteHeader(f.Status)
	case f.Status != 0 || f.Body != "":
		w.Header().Del("Content-Length")
		s.serveFault(w, r, Fault{Status: f.Status, Body: f.Body})
	default:
		w.Header().Set("Content-Length", strconv.Itoa(rec.body.Len()))
		w.WriteHeader(rec.status)
		w.Write(rec.body.Bytes())
	}
}

// recorder keeps an answer for serveApplied.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(status int)      { r.status = status }
