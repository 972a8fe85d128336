-- A store snapshot the platform applies is pushed on the event stream (decision 060); see the SQLite
-- twin 0041_store_snapshot_events.sql.
CREATE FUNCTION platform_events_store_snapshot() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  PERFORM exocorp_event('store.snapshot', NEW.company_id, NULL, 'members', jsonb_build_object(
    'storeId', NEW.store_id, 'storeName', NEW.name, 'sequence', NEW.sequence, 'currency', NEW.currency,
    'productCount', NEW.product_count, 'orderCount', NEW.order_count, 'revenueMinor', NEW.revenue_minor,
    'lastOrderAt', NEW.last_order_at));
  RETURN NULL;
END $$;
CREATE TRIGGER platform_events_store_snapshot_created AFTER INSERT ON commerce_stores
  FOR EACH ROW EXECUTE FUNCTION platform_events_store_snapshot();
CREATE TRIGGER platform_events_store_snapshot_applied AFTER UPDATE OF sequence ON commerce_stores
  FOR EACH ROW WHEN (OLD.sequence IS DISTINCT FROM NEW.sequence)
  EXECUTE FUNCTION platform_events_store_snapshot();
