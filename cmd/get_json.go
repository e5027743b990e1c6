package cmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"

	"github.com/qwoty/qwoty-contacts/api"
	"github.com/qwoty/qwoty-contacts/sanitize"
)

// addressErrorJSON stands in --json for an address that could not be
// fetched.
type addressErrorJSON struct {
	ID    string `json:"id"`
	Error struct {
		Status  int    `json:"status"`
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// writeContactJSON writes {"contact": ..., "addresses": [...]} followed by a
// newline. The contact and addresses are the server's bytes, unchanged;
// addresses is left out when withAddresses is false.
func writeContactJSON(w io.Writer, c *api.Contact, addrs []api.AddressResult, withAddresses bool) error {
	var b bytes.Buffer
	b.WriteString(`{"contact":`)
	b.Write(c.Raw)
	if withAddresses {
		b.WriteString(`,"addresses":[`)
		for i, a := range addrs {
			if i > 0 {
				b.WriteByte(',')
			}
			if a.Err == nil {
				b.Write(a.Address.Raw)
				continue
			}
			item, err := marshalPlain(addressError(a))
			if err != nil {
				return err
			}
			b.Write(item)
		}
		b.WriteByte(']')
	}
	b.WriteString("}\n")
	_, err := w.Write(b.Bytes())
	return err
}

func addressError(a api.AddressResult) addressErrorJSON {
	out := addressErrorJSON{ID: a.ID}
	var e *api.Error
	if errors.As(a.Err, &e) {
		out.Error.Code = e.Code
	}
	out.Error.Status = api.StatusCode(a.Err)
	out.Error.Message = sanitize.Text(a.Err.Error())
	return out
}

// marshalPlain encodes v as compact JSON without HTML escaping.
func marshalPlain(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
