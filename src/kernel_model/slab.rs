//! A deterministic slab: O(1) insert/remove/lookup with generation-checked
//! handles, reusing freed slots last-freed-first. Plays the role of the
//! kernel's object caches; no hashing, so behaviour is identical everywhere.

#[derive(Clone, Debug)]
struct Entry<T> {
    generation: u32,
    value: Option<T>,
}

#[derive(Clone, Debug)]
pub(crate) struct Slab<T> {
    entries: Vec<Entry<T>>,
    free: Vec<u32>,
    len: usize,
}

impl<T> Default for Slab<T> {
    fn default() -> Self {
        Slab {
            entries: Vec::new(),
            free: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Slab<T> {
    /// Inserts and returns (index, generation).
    pub fn insert(&mut self, value: T) -> (u32, u32) {
        self.len += 1;
        if let Some(i) = self.free.pop() {
            let e = &mut self.entries[i as usize];
            e.generation = e.generation.wrapping_add(1);
            e.value = Some(value);
            (i, e.generation)
        } else {
            let i = u32::try_from(self.entries.len()).expect("slab full");
            self.entries.push(Entry {
                generation: 0,
                value: Some(value),
            });
            (i, 0)
        }
    }

    pub fn get(&self, index: u32, generation: u32) -> Option<&T> {
        self.entries
            .get(index as usize)
            .filter(|e| e.generation == generation)
            .and_then(|e| e.value.as_ref())
    }

    pub fn get_mut(&mut self, index: u32, generation: u32) -> Option<&mut T> {
        self.entries
            .get_mut(index as usize)
            .filter(|e| e.generation == generation)
            .and_then(|e| e.value.as_mut())
    }

    pub fn remove(&mut self, index: u32, generation: u32) -> Option<T> {
        let e = self.entries.get_mut(index as usize)?;
        if e.generation != generation {
            return None;
        }
        let v = e.value.take()?;
        self.free.push(index);
        self.len -= 1;
        Some(v)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// Live entries in slot order: (index, generation, value).
    pub fn iter(&self) -> impl Iterator<Item = (u32, u32, &T)> {
        self.entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.value.as_ref().map(|v| (i as u32, e.generation, v)))
    }
}
