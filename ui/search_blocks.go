package ui

import "slices"

// blocks is a list kept in fixed blocks: it grows without copying what it
// holds (a slice that grows by appending copies itself again and again,
// allocating about five times its final size), and a copy that changes
// one element copies only that element's block.
type blocks[T any] struct {
	b [][]T
	n int
}

const (
	blockShift = 10
	blockSize  = 1 << blockShift
)

// add appends v.
func (l *blocks[T]) add(v T) {
	if l.n%blockSize == 0 {
		l.b = append(l.b, make([]T, 0, blockSize))
	}
	last := &l.b[len(l.b)-1]
	*last = append(*last, v)
	l.n++
}

// at returns element i.
func (l *blocks[T]) at(i int32) *T { return &l.b[i>>blockShift][i&(blockSize-1)] }

// len returns the number of elements.
func (l *blocks[T]) len() int { return l.n }

// withAt returns a copy in which element i is v (i may be len, to
// append); l is unchanged.
func (l *blocks[T]) withAt(i int32, v T) blocks[T] {
	c := blocks[T]{b: slices.Clone(l.b), n: l.n}
	if int(i) == l.n {
		if c.n%blockSize == 0 {
			c.b = append(c.b, make([]T, 0, blockSize))
		}
		last := len(c.b) - 1
		c.b[last] = append(slices.Clip(c.b[last]), v) // a copy: l's block stays as it is
		c.n++
		return c
	}
	k := i >> blockShift
	c.b[k] = slices.Clone(c.b[k])
	c.b[k][i&(blockSize-1)] = v
	return c
}
